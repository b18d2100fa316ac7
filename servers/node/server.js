// The article's Node.js server: the stock http module, one process, one event loop.
const http = require('http');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || undefined; // undefined: every address, like the article

http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/json') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: 'Hello from Node!' }));
  } else {
    res.writeHead(404);
    res.end();
  }
}).listen(port, host, () => {
  console.log(`Node ${process.version} listening on port ${port} (pid ${process.pid})`);
});
