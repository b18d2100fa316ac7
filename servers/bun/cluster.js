// The article's clustered Bun: N instances of server.js sharing the port through SO_REUSEPORT.
// This launcher stays in the foreground, forwards stop signals and exits when any instance dies.
const instances = Number(process.env.INSTANCES || navigator.hardwareConcurrency || 1);
const server = new URL('./server.js', import.meta.url).pathname;

const children = [];
for (let i = 0; i < instances; i++) {
  children.push(Bun.spawn([process.execPath, server], { stdout: 'inherit', stderr: 'inherit', env: process.env }));
}
console.log(`Bun cluster launcher (pid ${process.pid}) started ${instances} instances`);

// Waits for the instances before exiting: orphans would be left for init to reap.
const stop = async (signal) => {
  for (const child of children) child.kill(signal);
  await Promise.race([Promise.all(children.map((child) => child.exited)), Bun.sleep(3000)]);
  process.exit(0);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

const code = await Promise.race(children.map((child) => child.exited));
console.error(`A Bun instance exited with code ${code}; stopping the others`);
stop('SIGTERM');
