// Preloaded (`node --import`) into the web server. Next.js does not give route handlers
// the address a request came from: it only fills in X-Forwarded-For when the client did
// not send one, so a client can claim any address. This stamps every request with the
// connection's own address, in a header a client cannot set (any value it sends is
// overwritten), for lib/auth/client-address.ts to decide whom to believe.
// Plain JavaScript: it is loaded before any TypeScript loader.
import http from "node:http";

const PEER_ADDRESS_HEADER = "x-intake-peer-address"; // lib/auth/client-address.ts reads it

const createServer = http.createServer;
http.createServer = function createServerWithPeerAddress(...args) {
  const server = createServer.apply(this, args);
  server.prependListener("request", (request) => {
    request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  });
  return server;
};
