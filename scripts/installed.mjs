// After npm install and npm ci: one line on which Node runs the project. The `node` dev dependency
// puts Node 24 in node_modules/.bin, where every npm script finds it first; the Node that runs npm
// may be older, and npm's warnings about that are off (.npmrc).
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
// npm says which Node runs it: "npm/11.19.1 node/v20.20.2 linux x64 …".
const npmNode = /\bnode\/v([0-9.]+)/.exec(process.env.npm_config_user_agent ?? "")?.[1];
const older = npmNode !== undefined && Number(npmNode.split(".")[0]) < 24;
console.log(
  `bantin: Node ${pkg.devDependencies.node} comes with the project and runs npm start, npm test and every npm script${older ? ` (Node ${npmNode} here only runs npm)` : ""}.`,
);
