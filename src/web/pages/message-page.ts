/** A page that only says something: errors, the rate limit, "payment could not start". */
import { html, type SafeHtml } from '../html.ts';
import { layout, type PageFrame } from './layout.ts';
import { statusMark } from './parts.ts';

export function renderMessagePage(frame: PageFrame, message: { id: string; text: string; action?: SafeHtml | null }): string {
  return layout(
    frame,
    html`<section class="card status" id="message" data-code="${message.id}">
${statusMark('alert', 'bad')}
<h1>${frame.title}</h1>
<p>${message.text}</p>
${message.action ?? null}
</section>`,
  );
}
