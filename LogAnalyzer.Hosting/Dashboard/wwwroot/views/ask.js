import { api } from '../api.js';
import { h, fill, num, logTable, problem, pct } from '../dom.js';

function answerOf(r) {
  const e = r.evidence ?? {};
  return h('div', { class: 'answer' },
    r.answer ? h('p', { class: 'answer-text' }, r.answer) : null,
    h('dl', { class: 'facts' },
      r.rootCause ? [h('dt', null, 'Root cause'), h('dd', null, r.rootCause)] : null,
      r.impact ? [h('dt', null, 'Impact'), h('dd', null, r.impact)] : null,
      r.suggestedFixes?.length ? [h('dt', null, 'Suggested fixes'), h('dd', null, h('ul', null, r.suggestedFixes.map((f) => h('li', null, f))))] : null,
      h('dt', null, 'Understood'), h('dd', null, `${r.understood?.description ?? ''} (by the ${r.understood?.by ?? 'parser'})`),
      h('dt', null, 'Evidence'), h('dd', null, `${num(e.matches)} matching entries, ${num(e.affectedUsers)} users, ${num(e.affectedSessions)} sessions · answer from ${r.source}`,
        r.modelError ? h('div', { class: 'muted small' }, `Model not used: ${r.modelError}`) : null),
      e.overRepresented?.length ? [h('dt', null, 'Stands out'), h('dd', null, h('ul', null, e.overRepresented.slice(0, 5).map((o) =>
        h('li', null, `${o.dimension} ${o.value}: ${pct(o.shareOfMatches, 0)} of matches vs ${pct(o.shareOfTraffic, 0)} of traffic`))))] : null),
    r.relevantLogs?.length ? h('details', null, h('summary', null, `Relevant logs (${r.relevantLogs.length})`), logTable(r.relevantLogs)) : null);
}

/** Natural-language search and the copilot: questions answered from the store's evidence. */
export function create() {
  let conversationId = sessionStorage.getItem('loganalyzer.conversation');
  const searchResult = h('div', { id: 'search-result', 'aria-live': 'polite' });
  const query = h('input', { type: 'search', id: 'search-query', placeholder: 'Why are payments failing?', 'aria-label': 'Question', class: 'grow', required: true });
  const range = h('select', { 'aria-label': 'Time range' }, [[1, '1 h'], [6, '6 h'], [24, '24 h'], [168, '7 d']].map(([v, t]) => h('option', { value: String(v), selected: v === 24 }, t)));
  const searchButton = h('button', { type: 'submit' }, 'Search');
  const searchForm = h('form', { class: 'search-form', onsubmit: async (e) => {
    e.preventDefault();
    const text = query.value.trim();
    if (!text) return;
    searchButton.disabled = true;
    fill(searchResult, h('p', { class: 'muted' }, 'Searching…'));
    try {
      fill(searchResult, answerOf(await api('api/ai/search', { method: 'POST', body: { query: text, timeRange: Number(range.value) } })));
    } catch (err) {
      fill(searchResult, problem(err));
    } finally {
      searchButton.disabled = false;
    }
  } }, query, range, searchButton);

  const thread = h('ol', { class: 'chat', id: 'chat-thread', 'aria-live': 'polite' });
  const message = h('textarea', { id: 'chat-message', rows: 2, placeholder: 'Ask the copilot… (Enter to send, Shift+Enter for a new line)', 'aria-label': 'Message', class: 'grow' });
  const sendButton = h('button', { type: 'submit' }, 'Send');
  const chatForm = h('form', { class: 'chat-form', onsubmit: async (e) => {
    e.preventDefault();
    const text = message.value.trim();
    if (!text) return;
    message.value = '';
    thread.append(h('li', { class: 'turn turn-user' }, text));
    const pending = h('li', { class: 'turn turn-copilot muted' }, 'Thinking…');
    thread.append(pending);
    sendButton.disabled = true;
    try {
      const r = await api('api/ai/chat', { method: 'POST', body: conversationId ? { conversationId, message: text } : { message: text } });
      conversationId = r.conversationId;
      sessionStorage.setItem('loganalyzer.conversation', conversationId);
      pending.replaceWith(h('li', { class: 'turn turn-copilot' }, h('p', { class: 'reply' }, r.reply ?? r.answer), answerOf({ ...r, answer: '' })));
    } catch (err) {
      pending.replaceWith(h('li', { class: 'turn turn-copilot' }, problem(err)));
    } finally {
      sendButton.disabled = false;
    }
  } }, message, sendButton);
  message.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); chatForm.requestSubmit(); }
  });
  const newChat = h('button', { type: 'button', class: 'ghost', onclick: () => { conversationId = null; sessionStorage.removeItem('loganalyzer.conversation'); thread.replaceChildren(); } }, 'New conversation');

  return {
    element: h('section', { class: 'view', id: 'ask' },
      h('div', { class: 'view-head' }, h('h1', null, 'Search & copilot')),
      h('section', { class: 'panel' }, h('h2', null, 'Natural-language search'), searchForm, searchResult),
      h('section', { class: 'panel' }, h('div', { class: 'view-head' }, h('h2', null, 'Copilot'), newChat),
        h('p', { class: 'muted small' }, 'Each turn gathers fresh evidence; a follow-up without a subject keeps the earlier question’s.'),
        thread, chatForm)),
    // Answers stay as they are until asked again: nothing to poll.
    live: false,
    async refresh() {},
  };
}
