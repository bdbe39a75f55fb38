// The Node.js peer, as a Node user writes it: AWS SDK v3 DynamoDBClient, JSON Lines read with
// readline, items marshalled with @aws-sdk/util-dynamodb, 8 loops each sending BatchWriteItem of
// 25 puts and resending UnprocessedItems after a doubling pause.
//
//   node bench/node/load.mjs URL TABLE FILE [LOOPS]
//
// RETURN_CONSUMED_CAPACITY=TOTAL in the environment adds ReturnConsumedCapacity to each call (what
// ddbload asks of DynamoDB, not of DynamoDB Local: docs/BENCHMARKS.md, "Short loads").
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { BatchWriteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";

const [endpoint, table, path, loopsArg] = process.argv.slice(2);
const loops = Number(loopsArg ?? 8);
const capacity = process.env.RETURN_CONSUMED_CAPACITY ? { ReturnConsumedCapacity: process.env.RETURN_CONSUMED_CAPACITY } : {};
const client = new DynamoDBClient({ endpoint, maxAttempts: 3 });
const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity })[Symbol.asyncIterator]();

let done = false;
let written = 0;

// Lines are taken one at a time from the shared iterator; each loop owns its batch.
async function nextBatch() {
  const batch = [];
  while (batch.length < 25 && !done) {
    const r = await lines.next();
    if (r.done) {
      done = true;
    } else if (r.value.trim() !== "") {
      batch.push({ PutRequest: { Item: marshall(JSON.parse(r.value)) } });
    }
  }
  return batch;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function loop() {
  for (let batch = await nextBatch(); batch.length > 0; batch = await nextBatch()) {
    let pending = batch;
    let pause = 50;
    while (pending.length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending }, ...capacity }));
      const unprocessed = out.UnprocessedItems?.[table] ?? [];
      written += pending.length - unprocessed.length;
      pending = unprocessed;
      if (pending.length > 0) {
        await sleep(pause);
        pause = Math.min(pause * 2, 5000);
      }
    }
  }
}

await Promise.all(Array.from({ length: loops }, loop));
console.log(`written ${written}`);
