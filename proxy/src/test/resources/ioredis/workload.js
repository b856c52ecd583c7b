// ioredis with its defaults against the proxy: strings, a transaction, scripts and pub/sub.
// Prints one line per check; exits non-zero on the first failure.
const Redis = require("ioredis");

const port = Number(process.argv[2]);
const assert = (condition, what) => {
  if (!condition) {
    throw new Error("check failed: " + what);
  }
  console.log("ok " + what);
};

async function main() {
  const redis = new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 1 });
  const writer = new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 1 });
  const subscriber = new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 1 });
  try {
    await redis.flushall();
    assert((await redis.set("s:1", "one")) === "OK", "set");
    assert((await redis.get("s:1")) === "one", "get");
    await redis.mset({ "m:1": "1", "m:2": "2", "m:3": "3" });
    const values = await redis.mget("m:1", "m:2", "missing", "m:3");
    assert(JSON.stringify(values) === JSON.stringify(["1", "2", null, "3"]), "mget over shards");
    const pipeline = redis.pipeline();
    for (let i = 0; i < 500; i++) {
      pipeline.set("p:" + i, String(i));
      pipeline.get("p:" + i);
    }
    const piped = await pipeline.exec();
    const failed = piped.find(([error]) => error !== null);
    assert(failed === undefined, "pipeline without errors " + (failed ? failed[0].message : ""));
    assert(piped[999][1] === "499", "pipeline replies in order");

    const exec = await redis
      .multi()
      .hset("{cart}:1", "item", "pen")
      .hgetall("{cart}:1")
      .ping()
      .exec();
    assert(exec[0][1] === 1 && exec[1][1].item === "pen" && exec[2][1] === "PONG", "multi/exec");

    redis.defineCommand("addTo", {
      numberOfKeys: 1,
      lua: "return redis.call('incrby', KEYS[1], ARGV[1])",
    });
    for (const key of ["n:a", "n:b", "n:c"]) {
      assert((await redis.addTo(key, 5)) === 5, "script on " + key);
    }
    assert((await redis.eval("return ARGV[1]", 0, "echo")) === "echo", "keyless eval");

    const message = new Promise((resolve) => subscriber.on("message", (ch, m) => resolve(ch + "=" + m)));
    await subscriber.subscribe("news");
    assert((await writer.publish("news", "hello")) === 1, "publish reaches the subscriber");
    assert((await message) === "news=hello", "message");
  } finally {
    redis.disconnect();
    writer.disconnect();
    subscriber.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error.message);
    process.exit(1);
  },
);
