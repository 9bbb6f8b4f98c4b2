/**
 * SVG to PNG with resvg (@resvg/resvg-js: Rust, shipped as N-API prebuilt
 * binaries inside npm packages, so it installs from the registry alone and
 * loads on every Node.js version with N-API 4+). `renderAsync` draws on
 * libuv's thread pool: the event loop, which the webhook shares, stays free.
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
