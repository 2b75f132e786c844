// react-dom/server.edge without the legacy renderToString build it also loads (~32 KiB gzip), which
// bantin never calls: emails are rendered with the streaming renderer alone (src/mail/render.ts).
// wrangler.toml aliases react-dom/server.edge here. react-dom's exports map hides its cjs/ files,
// hence the paths; as in react-dom's own entry points, the bundler keeps only the build it defines.
"use strict";

if (process.env.NODE_ENV === "production") {
  module.exports = require("../../node_modules/react-dom/cjs/react-dom-server.edge.production.js");
} else {
  module.exports = require("../../node_modules/react-dom/cjs/react-dom-server.edge.development.js");
}
