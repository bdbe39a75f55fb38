"""The boto3 peer of `ddbload verify`, as a Python user writes it: batch_get_item over a JSON Lines file.

Reads every record (the last of each key wins, in a dict: memory grows with the keys), asks for
the keys 100 at a time with the client's batch_get_item, resends UnprocessedKeys with capped,
jittered backoff, and compares each item with its record (numbers as Decimal, so 1.50 == 1.5).
Eventually consistent reads, one call at a time, as the documented loop does. Endpoint, table
and file from the command line; region and credentials from the environment.

    /usr/bin/python3 bench/boto3_verify.py URL TABLE FILE
"""
import json
import random
import sys
import time
from decimal import Decimal

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer


def main():
    endpoint, table, path = sys.argv[1:4]
    started = time.monotonic()
    client = boto3.client("dynamodb", endpoint_url=endpoint)
    serializer, deserializer = TypeSerializer(), TypeDeserializer()
    expected = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line, parse_float=Decimal, parse_int=Decimal)
                expected[record["id"]] = record
    ids = list(expected)
    matching = missing = different = 0
    for start in range(0, len(ids), 100):
        keys = [{"id": serializer.serialize(i)} for i in ids[start:start + 100]]
        request = {table: {"Keys": keys}}
        attempt = 0
        found = {}
        while request:
            response = client.batch_get_item(RequestItems=request)
            for item in response["Responses"].get(table, []):
                plain = {k: deserializer.deserialize(v) for k, v in item.items()}
                found[plain["id"]] = plain
            request = response.get("UnprocessedKeys") or {}
            if request:
                attempt += 1
                time.sleep(random.uniform(0, min(1.0, 0.025 * 2 ** attempt)))
        for i in ids[start:start + 100]:
            if i not in found:
                missing += 1
            elif found[i] == expected[i]:
                matching += 1
            else:
                different += 1
    elapsed = time.monotonic() - started
    print(f"keys {len(ids)} matching {matching} missing {missing} different {different} elapsed {elapsed:.3f}")


if __name__ == "__main__":
    main()
