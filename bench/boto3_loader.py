"""The boto3 peer, as a Python user writes it: Table.batch_writer() over a JSON Lines file.

batch_writer buffers 25 puts, sends BatchWriteItem and resends UnprocessedItems itself. Numbers
are parsed as Decimal (boto3 refuses floats). Endpoint, table and file come from the command
line; region and credentials from the environment.

    /usr/bin/python3 bench/boto3_loader.py URL TABLE FILE
"""
import json
import sys
from decimal import Decimal

import boto3


def main():
    endpoint, table_name, path = sys.argv[1:4]
    table = boto3.resource("dynamodb", endpoint_url=endpoint).Table(table_name)
    written = 0
    with open(path, encoding="utf-8") as lines, table.batch_writer() as batch:
        for line in lines:
            if line.strip():
                batch.put_item(Item=json.loads(line, parse_float=Decimal))
                written += 1
    print("written", written)


if __name__ == "__main__":
    main()
