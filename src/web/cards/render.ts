/**
 * SVG to PNG with resvg (@resvg/resvg-js: Rust, shipped as prebuilt binaries
 * inside per-platform npm packages, so it installs from the registry alone,
 * with no install script). The binary uses Node-API only (it imports napi_*
 * symbols and nothing of V8; threadsafe functions need N-API 4), so one build
 * loads on every Node.js version: checked on 20.20 and 26.10. `renderAsync`
 * draws on libuv's thread pool: the event loop, which the webhook shares,
 * stays free.
 */
import { renderAsync } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES } from './fonts.ts';

export async function svgToPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles: [...FONT_FILES], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    textRendering: 1,
    logLevel: 'off',
  });
  return image.asPng();
}
