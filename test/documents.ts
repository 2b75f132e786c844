// Reading what bantin serves as strictly as a careful client would: XML through a conforming
// non-validating parser (saxes, which refuses anything not well-formed), HTML through the HTML5
// parsing algorithm (parse5, which reports every parse error).
import { type DefaultTreeAdapterMap, parse, parseFragment } from "parse5";
import { SaxesParser } from "saxes";
import { safeHref } from "../src/posts/markdown.ts";

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** The document's element tree; throws on anything that is not well-formed XML with namespaces. */
export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlNode = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: XmlNode[] = [root];
  const current = () => stack[stack.length - 1] ?? root;
  parser.on("error", (error) => {
    throw error;
  });
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attr] of Object.entries(tag.attributes)) attributes[name] = attr.value;
    const node: XmlNode = { name: tag.name, attributes, children: [], text: "" };
    current().children.push(node);
    stack.push(node);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.on("text", (text) => {
    current().text += text;
  });
  parser.on("cdata", (text) => {
    current().text += text;
  });
  parser.write(xml).close();
  return root;
}

/** Every element named `name` below `node`. */
export function elements(node: XmlNode, name: string): XmlNode[] {
  const found: XmlNode[] = [];
  for (const child of node.children) {
    if (child.name === name) found.push(child);
    found.push(...elements(child, name));
  }
  return found;
}

export const child = (node: XmlNode, name: string) => node.children.find((c) => c.name === name);

type Node = DefaultTreeAdapterMap["node"];
const ACTIVE = new Set(["script", "iframe", "object", "embed", "style", "base", "frame", "frameset", "svg", "math"]);

/**
 * What in an HTML tree could run or load something the site did not write: active elements, handlers,
 * unsafe links. The site's own stylesheet sits in <head>; nothing from content can land there.
 */
function activeContent(node: Node, problems: string[], inHead = false): void {
  if ("tagName" in node) {
    if (ACTIVE.has(node.tagName) && !(inHead && node.tagName === "style")) problems.push(`<${node.tagName}>`);
    for (const attr of node.attrs) {
      if (attr.name.startsWith("on")) problems.push(`${node.tagName}[${attr.name}]`);
      if (
        (attr.name === "href" || attr.name === "src") &&
        !/^https?:/.test(attr.value) &&
        safeHref(attr.value) === null
      ) {
        problems.push(`${node.tagName}[${attr.name}=${attr.value}]`);
      }
    }
  }
  const head = inHead || ("tagName" in node && node.tagName === "head");
  if ("childNodes" in node) for (const c of node.childNodes) activeContent(c, problems, head);
  if ("content" in node) activeContent(node.content, problems, head);
}

/** HTML parse errors of a whole page, and active content in it. */
export function pageProblems(html: string): string[] {
  const problems: string[] = [];
  const document = parse(html, {
    onParseError: (e) => problems.push(`parse error ${e.code} at ${e.startLine}:${e.startCol}`),
  });
  activeContent(document, problems);
  return problems;
}

/** Active content in an HTML fragment (a feed entry's content). */
export function fragmentProblems(html: string): string[] {
  const problems: string[] = [];
  activeContent(parseFragment(html), problems);
  return problems;
}

/** The text of the first element with this tag name in an HTML page. */
export function htmlText(html: string, tagName: string): string | null {
  const find = (node: Node): Node | null => {
    if ("tagName" in node && node.tagName === tagName) return node;
    if ("childNodes" in node) {
      for (const c of node.childNodes) {
        const hit = find(c);
        if (hit) return hit;
      }
    }
    return null;
  };
  const text = (node: Node): string =>
    "value" in node && node.nodeName === "#text"
      ? node.value
      : "childNodes" in node
        ? node.childNodes.map(text).join("")
        : "";
  const hit = find(parse(html));
  return hit ? text(hit) : null;
}
