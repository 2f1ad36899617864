// A JSON editor: a labelled textarea that checks its text on every change and shows the first error with its
// line and column (and a button that puts the cursor there), plus the cursor's own line and column.

import { el, showError } from './dom.js';
import { checkJson, position } from './json-check.js';

export class JsonEditor {
  /**
   * @param {string} id the textarea's id
   * @param {string} label its label
   * @param {string} initial the initial text
   * @param {boolean} objectRequired whether the text must be a JSON object
   * @param {function} onChange called after each check
   */
  constructor(id, label, initial, objectRequired, onChange) {
    this.objectRequired = objectRequired;
    this.onChange = onChange;
    this.textarea = el('textarea', { id, class: 'json', rows: 8, spellcheck: 'false', autocomplete: 'off',
      'aria-describedby': `${id}-error ${id}-caret` });
    this.textarea.value = initial;
    this.error = el('p', { id: `${id}-error`, class: 'error', role: 'alert', hidden: true });
    this.caret = el('span', { id: `${id}-caret`, class: 'caret muted' });
    this.goTo = el('button', { type: 'button', class: 'small', hidden: true, text: 'Go to the error',
      onclick: () => this.focusError() });
    this.server = el('p', { id: `${id}-server`, class: 'error server-error', role: 'alert', hidden: true });
    this.node = el('div', { class: 'field json-editor' },
      el('label', { for: id, text: label }), this.textarea,
      el('div', { class: 'editor-status' }, this.caret, this.goTo), this.error, this.server);
    this.textarea.addEventListener('input', () => this.check());
    for (const type of ['keyup', 'click', 'select']) {
      this.textarea.addEventListener(type, () => this.showCaret());
    }
    this.check();
  }

  /** The result of the last check. */
  get result() {
    return this.lastResult;
  }

  get text() {
    return this.textarea.value;
  }

  set text(value) {
    this.textarea.value = value;
    this.check();
  }

  check() {
    this.lastResult = checkJson(this.textarea.value, this.objectRequired);
    const r = this.lastResult;
    showError(this.error, r.ok ? '' : `Line ${r.line}, column ${r.column}: ${r.message}`);
    this.goTo.hidden = r.ok;
    this.textarea.setAttribute('aria-invalid', r.ok ? 'false' : 'true');
    this.serverError('');
    this.showCaret();
    if (this.onChange) {
      this.onChange(r);
    }
  }

  showCaret() {
    const { line, column } = position(this.textarea.value, this.textarea.selectionStart || 0);
    this.caret.textContent = `Ln ${line}, Col ${column}`;
  }

  focusError() {
    const r = this.lastResult;
    if (!r.ok) {
      this.textarea.focus();
      this.textarea.setSelectionRange(r.offset, Math.min(r.offset + 1, this.textarea.value.length));
      this.showCaret();
    }
  }

  /** Shows (or clears) the service's message about this text. */
  serverError(message) {
    showError(this.server, message);
  }
}
