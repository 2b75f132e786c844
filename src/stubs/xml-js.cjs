// xml-js as `feed` uses it: only js2xml, to write RSS and Atom. bantin reads no XML, so wrangler.toml
// [alias] (and vitest.config.ts) put this in xml-js's place, and its parser (xml2js, and the sax
// parser it loads), about 30 KiB minified, stays out of the bundle every request loads. The path is
// relative: an alias of "xml-js" would also rename "xml-js/lib/…".
"use strict";

module.exports = { js2xml: require("../../node_modules/xml-js/lib/js2xml.js") };
