/**
 * Who is on the other end of a customer page: their browser, known by a
 * random token in a cookie, and their network address (the customer's, behind
 * a trusted proxy: TRUST_PROXY). A cookie is what a browser without
 * JavaScript keeps too; the token itself is never stored, only its hash, so a
 * copy of the database cannot be used to act as the browser.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { CheckoutClient } from '../domain/customer.ts';

const COOKIE = 'tagih_browser';
/** 24 random bytes, base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;
/** Long enough to come back to a payment; the cookie names nothing but this browser. */
const COOKIE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** The address the rate limits and the per-client rules count by (IPv6 by its /56, as express-rate-limit does). */
export function clientAddress(req: Request): string {
  return ipKeyGenerator(req.ip ?? 'unknown');
}

function tokenOf(req: Request): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === COOKIE && value !== undefined && TOKEN_SHAPE.test(value)) return value;
  }
  return null;
}

const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** This browser's key, or null when it has no cookie of ours. */
export function knownBrowser(req: Request): string | null {
  const token = tokenOf(req);
  return token === null ? null : keyOf(token);
}

/**
 * This browser's key, giving it a cookie first if it has none. SameSite=Lax:
 * the cookie comes along when Snap sends the customer back (a top-level GET)
 * and never with another site's form post.
 */
export function browserOf(req: Request, res: Response, secure: boolean): string {
  let token = tokenOf(req);
  if (token === null) {
    token = randomBytes(24).toString('base64url');
    res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/p', maxAge: COOKIE_MAX_AGE_MS });
  }
  return keyOf(token);
}

export function checkoutClient(req: Request, res: Response, secure: boolean): CheckoutClient {
  return { browser: browserOf(req, res, secure), address: clientAddress(req) };
}
