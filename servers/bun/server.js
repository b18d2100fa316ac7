// The article's Bun server: Bun.serve with reusePort, so several instances can share the port.
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || '0.0.0.0';

Bun.serve({
  port,
  hostname,
  reusePort: true, // lets the clustered launcher run one instance per CPU on the same port
  fetch(request) {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/json') {
      return new Response(JSON.stringify({ message: 'Hello from Bun!' }), {
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return new Response('Not Found', { status: 404 });
  },
});
console.log(`Bun ${Bun.version} listening on port ${port} (pid ${process.pid})`);
