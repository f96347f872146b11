// Serves a PGlite database (PostgreSQL 18 in WebAssembly, with pgvector and pg_textsearch) on
// 127.0.0.1 for `npm run bench -- --store postgres` when no DATABASE_URL is given. A process of its
// own, so the bench measures Footnote's memory apart from the database's. Prints the address.
import { PGlite } from "@electric-sql/pglite";
import { pg_textsearch } from "@electric-sql/pglite-pg_textsearch";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const db = await PGlite.create({ extensions: { vector, pg_textsearch } });
const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
await server.start();
process.stdout.write(`${server.getServerConn()}\n`);
const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
