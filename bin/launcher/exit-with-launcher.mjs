// Preloaded (`node --import`) into the children the launcher starts that have no stop
// handling of their own for it (the web server, the demo's Rapid7 simulator). They run
// in their own process group, so only the launcher stops them; if the launcher dies
// without doing so, its IPC channel closes and this asks the process to stop the way
// the launcher would have: one SIGTERM, which `next start` handles gracefully.
// Plain JavaScript: it is loaded before any TypeScript loader.
if (process.channel) {
  process.channel.unref();
  process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
}
