// sax as xml-js requires it. `feed` only writes XML (xml-js's js2xml) and bantin reads no XML
// through xml-js (its xml2js is what loads sax), so wrangler.toml [alias] puts this in sax's place
// and the parser, about 22 KiB minified, stays out of the bundle every request loads.
"use strict";

module.exports = {
  parser() {
    throw new Error("bantin bundles no XML parser: xml-js's xml2js is not used");
  },
};
