import { PGlite } from "@electric-sql/pglite";
import { pg_textsearch } from "@electric-sql/pglite-pg_textsearch";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
const db = await PGlite.create({ extensions: { vector, pg_textsearch } });
const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: Number(process.argv[2] ?? 0), maxConnections: 16 });
await server.start();
console.log(server.getServerConn());
process.on("SIGTERM", async () => { await server.stop(); await db.close(); process.exit(0); });
