// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `value` with every lone surrogate in its strings (keys included) replaced by U+FFFD. Valid JSON
 * may carry them (`"\ud800"`), but they are not text: DynamoDB and UTF-8 encoders refuse them,
 * which turned an acceptable event into a 500. Pure: a copy, `value` is left as it was.
 */
export const withWellFormedStrings = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replace(loneSurrogate, '\uFFFD');
  if (Array.isArray(value)) return value.map(withWellFormedStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [
        withWellFormedStrings(key) as string,
        withWellFormedStrings(entry),
      ]),
    );
  }
  return value;
};
