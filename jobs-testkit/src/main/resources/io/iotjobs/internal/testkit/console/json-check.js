// Checks a JSON text and says where the first error is (line and column, counted from 1), so that the editor
// can point at it before anything is sent. A small parser of the JSON grammar (RFC 8259): the browsers' own
// JSON.parse messages differ from one browser to the next and some give no position.

/**
 * Checks a text.
 *
 * @param {string} text the JSON text
 * @param {boolean} objectRequired whether the value must be an object (a job document must)
 * @returns {{ok: true, value: any} | {ok: false, message: string, line: number, column: number, offset: number}}
 */
export function checkJson(text, objectRequired = false) {
  const parser = new Parser(String(text));
  try {
    parser.space();
    const start = parser.i;
    if (objectRequired && parser.peek() !== '{') {
      parser.fail(parser.i < parser.text.length ? 'must be a JSON object ({ ... })' : 'is empty: write a JSON object',
        start);
    }
    parser.value();
    parser.space();
    if (parser.i < parser.text.length) {
      parser.fail('unexpected text after the end of the JSON value');
    }
  } catch (e) {
    if (!(e instanceof JsonError)) {
      throw e;
    }
    const { line, column } = position(parser.text, e.offset);
    return { ok: false, message: e.message, line, column, offset: e.offset };
  }
  return { ok: true, value: JSON.parse(text) };
}

/** The line and column (from 1) of an offset. */
export function position(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class JsonError extends Error {
  constructor(message, offset) {
    super(message);
    this.offset = offset;
  }
}

const MAX_DEPTH = 200;
const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const WORD = /[a-zA-Z]+/y;

class Parser {
  constructor(text) {
    this.text = text;
    this.i = 0;
    this.depth = 0;
  }

  peek() {
    return this.text[this.i];
  }

  fail(message, offset = this.i) {
    throw new JsonError(message, offset);
  }

  space() {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i])) {
      this.i++;
    }
  }

  describe() {
    if (this.i >= this.text.length) {
      return 'the end of the text';
    }
    const c = this.text[this.i];
    return c === '\'' ? 'a single quote (JSON strings take double quotes)' : `'${c}'`;
  }

  value() {
    this.space();
    const c = this.peek();
    if (c === '{') {
      this.nested(() => this.object());
    } else if (c === '[') {
      this.nested(() => this.array());
    } else if (c === '"') {
      this.string();
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      this.number();
    } else if (c !== undefined && /[a-z]/i.test(c)) {
      this.literal();
    } else {
      this.fail(`expected a value, found ${this.describe()}`);
    }
  }

  nested(parse) {
    if (++this.depth > MAX_DEPTH) {
      this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    }
    parse();
    this.depth--;
  }

  object() {
    this.list('}', 'the property value', () => {
      this.space();
      if (this.peek() !== '"') {
        this.fail(`expected a property name in double quotes, found ${this.describe()}`);
      }
      this.string();
      this.space();
      if (this.peek() !== ':') {
        this.fail(`expected ':' after the property name, found ${this.describe()}`);
      }
      this.i++;
      this.value();
    });
  }

  array() {
    this.list(']', 'the array element', () => this.value());
  }

  /** The elements of an object or array after its opening bracket, separated by commas, up to the closing one. */
  list(close, what, element) {
    this.i++;
    this.space();
    if (this.peek() === close) {
      this.i++;
      return;
    }
    for (;;) {
      element();
      this.space();
      if (this.peek() === ',') {
        this.i++;
        this.space();
        if (this.peek() === close) {
          this.fail(`a trailing comma is not allowed before '${close}'`);
        }
      } else if (this.peek() === close) {
        this.i++;
        return;
      } else {
        this.fail(`expected ',' or '${close}' after ${what}, found ${this.describe()}`);
      }
    }
  }

  string() {
    const start = this.i;
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const e = this.text[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) {
            this.fail('\\u must be followed by four hexadecimal digits');
          }
          this.i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          this.i += 2;
        } else {
          this.fail(`unknown escape \\${e === undefined ? '' : e} in a string`);
        }
      } else if (c < ' ') {
        this.fail(c === '\n' ? 'a string must end on its line (write a line break as \\n)'
          : 'a control character in a string must be escaped');
      } else {
        this.i++;
      }
    }
    this.fail('the string is not closed (a double quote is missing)', start);
  }

  number() {
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.text);
    if (!match || match[0] === '-') {
      this.fail('malformed number');
    }
    this.i += match[0].length;
    const next = this.peek();
    if (next !== undefined && /[0-9.eE]/.test(next)) {
      this.fail(`malformed number (${next === '.' || /[eE]/.test(next) ? 'a fraction or exponent needs digits'
        : 'no leading zeros'})`);
    }
  }

  literal() {
    WORD.lastIndex = this.i;
    const match = WORD.exec(this.text);
    const word = match[0];
    if (word !== 'true' && word !== 'false' && word !== 'null') {
      this.fail(`unknown word '${word}' (strings take double quotes; the literals are true, false and null)`);
    }
    this.i += word.length;
  }
}
