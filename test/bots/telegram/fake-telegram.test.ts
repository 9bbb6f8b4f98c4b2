/**
 * The fake Bot API server answers as Telegram does (bots/telegram/README.md
 * lists each rule with its source). These tests speak raw HTTP to it, the
 * way any Bot API client does, so they hold the stand-in itself to the rules.
 */
import { expect } from 'chai';
import { ERRORS, FakeTelegram, LIMITS } from '../../support/fake-telegram.ts';

describe('the fake Bot API server, held to Telegram', function () {
  let fake: FakeTelegram;

  afterEach(async function () {
    await fake.close();
  });

  async function call(method: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  const refusal = (failure: { error_code: number; description: string }) => ({ ok: false, ...failure });

  it('counts text and captions in UTF-16 code units, refuses empty text and long callback_data', async function () {
    fake = await FakeTelegram.start();
    const emoji = '😀'.repeat(LIMITS.textUtf16 / 2);
    expect((await call('sendMessage', { chat_id: 1, text: emoji })).status).to.equal(200);
    expect((await call('sendMessage', { chat_id: 1, text: `${emoji}a` })).json).to.deep.equal(refusal(ERRORS.textTooLong));
    expect((await call('sendMessage', { chat_id: 1, text: '  ' })).json).to.deep.equal(refusal(ERRORS.textEmpty));
    const long = { inline_keyboard: [[{ text: 'x', callback_data: 'é'.repeat(33) }]] };
    expect((await call('sendMessage', { chat_id: 1, text: 'hi', reply_markup: long })).json).to.deep.equal(refusal(ERRORS.buttonData));
    expect((await call('sendPhoto', { chat_id: 1, photo: 'never-issued', caption: 'x'.repeat(1025) })).json).to.deep.equal(refusal(ERRORS.captionTooLong));
    expect((await call('sendDocument', { chat_id: 1, document: 'never-issued', caption: 'x'.repeat(1025) })).json).to.deep.equal(refusal(ERRORS.captionTooLong));
    expect((await call('sendDocument', { chat_id: 1, caption: 'no file' })).json).to.deep.equal(refusal(ERRORS.documentMissing));
    expect((await call('sendDocument', { chat_id: 1, document: 'BQACAgQAAx-made-up' })).json).to.deep.equal(refusal(ERRORS.wrongFileId));
  });

  it('accepts only file ids it issued, refuses users who never started the bot and chats that do not exist', async function () {
    fake = await FakeTelegram.start();
    expect((await call('sendPhoto', { chat_id: 1, photo: 'AgACAgQAAx-made-up' })).json).to.deep.equal(refusal(ERRORS.wrongFileId));
    fake.neverStarted(200);
    fake.noSuchChat(-900);
    expect(await call('sendMessage', { chat_id: 200, text: 'hi' })).to.deep.equal({ status: 403, json: refusal(ERRORS.cannotInitiate) });
    expect(await call('sendMessage', { chat_id: -900, text: 'hi' })).to.deep.equal({ status: 400, json: refusal(ERRORS.chatNotFound) });
  });

  it('answers 409 to a poller another poller replaced, and to polling while a webhook is set; setWebhook wants https on 443/80/88/8443', async function () {
    fake = await FakeTelegram.start();
    const first = call('getUpdates', { timeout: 5 });
    while (!fake.polling) await new Promise((resolve) => setImmediate(resolve));
    const second = call('getUpdates', { timeout: 0 });
    expect(await first).to.deep.equal({ status: 409, json: refusal(ERRORS.otherPoller) });
    expect((await second).status).to.equal(200);

    expect((await call('setWebhook', { url: 'http://pay.example.com/hook' })).json).to.deep.equal(refusal(ERRORS.webhookHttps));
    expect((await call('setWebhook', { url: 'https://pay.example.com:3000/hook' })).json).to.deep.equal(refusal(ERRORS.webhookPort));
    expect((await call('setWebhook', { url: 'https://pay.example.com:8443/hook' })).status).to.equal(200);
    expect(await call('getUpdates', { timeout: 0 })).to.deep.equal({ status: 409, json: refusal(ERRORS.webhookActive) });
    await call('deleteWebhook', {});
    expect((await call('getUpdates', { timeout: 0 })).status).to.equal(200);
  });

  it('floods past 30 messages a second per bot and 20 a minute per group, with retry_after', async function () {
    fake = await FakeTelegram.start();
    const answers = await Promise.all(Array.from({ length: 31 }, (_, i) => call('sendMessage', { chat_id: 1000 + i, text: 'hi' })));
    expect(answers.filter((a) => a.status === 200)).to.have.length(30);
    const flood = answers.find((a) => a.status === 429)!.json;
    expect(flood).to.deep.include({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });

    await fake.close();
    fake = await FakeTelegram.start({ flood: { perSecond: null } });
    for (let i = 0; i < 20; i++) expect((await call('sendMessage', { chat_id: -500, text: `m${i}` })).status).to.equal(200);
    const group = await call('sendMessage', { chat_id: -500, text: 'one more' });
    expect(group.status).to.equal(429);
    expect((group.json.parameters as { retry_after: number }).retry_after).to.be.within(59, 60);
    expect((await call('sendMessage', { chat_id: -501, text: 'another group' })).status).to.equal(200);
  });

  it('refuses answers to callback and inline queries past their lifetime', async function () {
    fake = await FakeTelegram.start({ queryLifetimeMs: 10_000 });
    fake.queryDelivered('cb-old', Date.now() - 11_000);
    fake.pushUpdate({ inline_query: { id: 'iq-new', from: { id: 1 }, query: '', offset: '' } });
    expect((await call('answerCallbackQuery', { callback_query_id: 'cb-old' })).json).to.deep.equal(refusal(ERRORS.queryTooOld));
    expect((await call('answerInlineQuery', { inline_query_id: 'iq-new', results: [] })).status).to.equal(200);
  });

  it('edits what it sent, answers True for inline messages, and says when nothing changed', async function () {
    fake = await FakeTelegram.start();
    const sent = await call('sendMessage', { chat_id: 1, text: 'page 1' });
    const id = (sent.json.result as { message_id: number }).message_id;
    expect((await call('editMessageText', { chat_id: 1, message_id: id, text: 'page 2' })).status).to.equal(200);
    expect((await call('editMessageText', { chat_id: 1, message_id: id, text: 'page 2' })).json).to.deep.equal(refusal(ERRORS.notModified));
    expect((await call('editMessageText', { chat_id: 1, message_id: id + 99, text: 'x' })).json).to.deep.equal(refusal(ERRORS.messageNotFound));
    fake.knowMessage('inl-1', 'card');
    expect((await call('editMessageText', { inline_message_id: 'inl-1', text: '✅ Lunas' })).json).to.deep.equal({ ok: true, result: true });
  });
});
