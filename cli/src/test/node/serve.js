// mock-llm (@dwmkerr/mock-llm), a third-party OpenAI-compatible server, on loopback and a free
// port, with the rules of the YAML file given; prints "listening PORT" once it listens, and each
// request as mock-llm logs it ("POST /v1/chat/completions"). Ends when its stdin closes (the test
// that started it is gone). For ThirdPartyModelServerTest; .ci/run installs the package (npm ci).
const fs = require('fs');
const { createServer } = require('@dwmkerr/mock-llm/dist/server');
const { loadConfig } = require('@dwmkerr/mock-llm/dist/config');

const rules = process.argv[2];
if (!rules || !fs.existsSync(rules)) {
  console.error('usage: node serve.js RULES.yaml (no such file: ' + rules + ')');
  process.exit(2);
}
const app = createServer(loadConfig(rules), '127.0.0.1', 0);
const server = app.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
server.on('error', (e) => { console.error(e); process.exit(1); });
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
