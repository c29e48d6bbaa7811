// Leaves a lease in a console's local state, as a run still going would hold it:
// tsx test/support/seedLease.ts <console> <source> <owner> <until epoch ms>
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { withLocalTable } from '#cli/localState.ts';

const [name, source, owner, until] = process.argv.slice(2) as [string, string, string, string];
await withLocalTable(name, (client, table) =>
  client.send(
    new PutCommand({
      TableName: table,
      Item: { pk: `${name}#${source}`, version: 1, leaseOwner: owner, leaseUntil: Number(until) },
    }),
  ),
);
