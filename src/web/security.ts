/**
 * Security headers for every answer. The CSP allows no script at all, the
 * one stylesheet by its hash, images from us, and forms that go to us or on
 * to Snap: a browser applies `form-action` to the redirect after our form
 * posts, so Snap's origin has to be listed.
 */
import helmet from 'helmet';
import type { Request, RequestHandler } from 'express';
import { STYLE_HASH } from './pages/layout.ts';

export interface SecurityOptions {
  /** Origins our payment form may redirect to (Snap's hosted page). */
  paymentOrigins: readonly string[];
  /** Served over https: browsers may then be told to stay on https. */
  https: boolean;
}

export function securityHeaders({ paymentOrigins, https }: SecurityOptions): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: [STYLE_HASH],
        imgSrc: ["'self'"],
        formAction: ["'self'", ...paymentOrigins],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 60 * 60 } : false,
    xFrameOptions: { action: 'deny' },
    // Not no-referrer: under it a browser sends `Origin: null` with our own form posts (Fetch
    // standard, "append a request Origin header"), and the origin check below could not tell them
    // from another site's. same-origin still sends nothing to any other site.
    referrerPolicy: { policy: 'same-origin' },
  });
}

/**
 * A form post the browser marks as sent from another site: `Sec-Fetch-Site:
 * cross-site` (Fetch Metadata), or an `Origin` that is neither `PUBLIC_URL`'s
 * nor the one the request was addressed to (`null` included). A browser
 * that sends neither header (an old one, or behind a proxy that strips them)
 * is let through: the per-client rules still hold for it.
 */
export function isCrossSiteForm(req: Request, publicOrigin: string): boolean {
  if (req.get('sec-fetch-site')?.toLowerCase() === 'cross-site') return true;
  const origin = req.get('origin');
  if (origin === undefined) return false;
  return origin !== publicOrigin && origin !== `${req.protocol}://${req.get('host') ?? ''}`;
}

/** `https://app.sandbox.midtrans.com/snap/v1` → `https://app.sandbox.midtrans.com`. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
