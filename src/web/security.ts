/**
 * Security headers for every answer. The CSP allows no script at all, the
 * one stylesheet by its hash, images from us, and forms that go to us or on
 * to Snap: a browser applies `form-action` to the redirect after our form
 * posts, so Snap's origin has to be listed.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';
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
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** `https://app.sandbox.midtrans.com/snap/v1` → `https://app.sandbox.midtrans.com`. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
