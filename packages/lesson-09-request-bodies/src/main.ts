/**
 * Starts the upload server, built on our own HTTP library, on 127.0.0.1 and the port in the PORT
 * variable (8080 when it is not set), and says where to find it and where the files go (FILES_DIR,
 * or this package's data/ folder). 127.0.0.1: only programs on this machine can reach it, which
 * is what a server that stores whatever it is sent should start with. If the port is taken, Node
 * stops with "EADDRINUSE: address already in use": another program, often an earlier copy of this
 * server, is still listening there.
 */
import pc from 'picocolors';
import { createServer, DEFAULT_FILES_DIR } from './upload-server.ts';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';
const filesDir = process.env.FILES_DIR || DEFAULT_FILES_DIR;

createServer({ filesDir }).listen(port, host, () => {
  console.log(`Listening on ${pc.cyan(`http://${host}:${port}/`)} (press Ctrl+C to stop)`);
  console.log(`Uploads are stored in ${filesDir}`);
});
