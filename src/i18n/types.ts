// The values a message takes, read from the message itself at the type level, so that
// `t("key", values)` fails the typecheck when a placeholder is missing, misspelt or extra.
//
// A placeholder is `{name}` or `{name, kind, …}`; `plural`, `selectordinal` and `number` take a
// number, `select` a string, a plain `{name}` a string or a number. A rich-text tag `<link>…</link>`
// takes a function of its contents. Branch texts of a plural (`other {# bài}`) are not names: they
// hold a `#` or a space, and a one-word branch must be written with a space or a `#` too.

type Trim<S extends string> = S extends ` ${infer R}` | `\n${infer R}`
  ? Trim<R>
  : S extends `${infer R} ` | `${infer R}\n`
    ? Trim<R>
    : S;

type IsName<S extends string> = S extends ""
  ? false
  : S extends `${string}${" " | "#" | "{" | "}" | "," | "'" | "<" | ">" | "=" | "\n"}${string}`
    ? false
    : true;

type KindOf<R extends string> =
  Trim<R> extends `plural${string}` | `selectordinal${string}` | `number${string}`
    ? number
    : Trim<R> extends `select${string}`
      ? string
      : string | number;

/** The argument opened by a "{" whose following text is A, as an object type (empty when none). */
type ArgAt<A extends string> = A extends `${infer H}}${string}`
  ? H extends `${string}${"," | "{"}${string}`
    ? ArgWithKind<A>
    : IsName<Trim<H>> extends true
      ? { [k in Trim<H>]: string | number }
      : unknown
  : unknown;

type ArgWithKind<A extends string> = A extends `${infer H},${infer R}`
  ? H extends `${string}${"}" | "{"}${string}`
    ? unknown
    : IsName<Trim<H>> extends true
      ? { [k in Trim<H>]: KindOf<R> }
      : unknown
  : unknown;

type Args<S extends string> = S extends `${string}{${infer A}` ? ArgAt<A> & Args<A> : unknown;

type Tags<S extends string, Chunk> = S extends `${string}<${infer T}>${infer R}`
  ? T extends `/${string}`
    ? Tags<R, Chunk>
    : IsName<T> extends true
      ? { [k in T]: (chunks: Array<string | Chunk>) => Chunk } & Tags<R, Chunk>
      : Tags<R, Chunk>
  : unknown;

type Flatten<T> = { [K in keyof T]: T[K] };

/** The placeholders of a message as an object type: `{}` when it has none. */
export type MessageValues<S extends string> = Flatten<Args<S>>;

/** The placeholders and rich-text tags of a message; tags take a function of their contents. */
export type RichValues<S extends string, Chunk> = Flatten<Args<S> & Tags<S, Chunk>>;

/** The rest parameters of a call: none for a message without placeholders, else its values. */
export type ValuesArg<V> = keyof V extends never ? [] : [values: V];
