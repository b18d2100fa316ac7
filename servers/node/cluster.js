// The article's clustered Node.js server: a primary forks one worker per CPU; the workers share
// the listening socket the primary hands them, and a worker that dies is replaced.
const cluster = require('cluster');
const http = require('http');

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || undefined;
const workers = Number(process.env.WORKERS || require('os').availableParallelism?.() || require('os').cpus().length);

if (cluster.isPrimary ?? cluster.isMaster) {
  for (let i = 0; i < workers; i++) {
    cluster.fork();
  }
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      stopping = true;
      // Wait for the workers before exiting: orphans would be left for init to reap.
      const alive = Object.values(cluster.workers);
      if (alive.length === 0) process.exit(0);
      cluster.on('exit', () => {
        if (Object.keys(cluster.workers).length === 0) process.exit(0);
      });
      for (const worker of alive) worker.process.kill(signal);
      setTimeout(() => process.exit(0), 3000).unref();
    });
  }
  cluster.on('exit', () => {
    if (!stopping) cluster.fork(); // simple failover, as in the article
  });
  console.log(`Node ${process.version} cluster primary (pid ${process.pid}) forked ${workers} workers on port ${port}`);
} else {
  http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'Hello from Node!' }));
    } else {
      res.writeHead(404);
      res.end();
    }
  }).listen(port, host);
}
