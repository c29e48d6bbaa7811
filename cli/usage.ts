/** The CLI's help texts: `canary-collector --help` and `canary-collector <command> --help`. */

export const MAIN_USAGE = `usage: canary-collector <command> [options]

Commands:
  run               collect into <out>/<console>.ndjson, continuously (Ctrl-C stops) or --once
  test-connection   check that the console answers and the token can read each source
  status            checkpoints: of a deployed collector (--table), or of local runs (--local)
  reset             forget a checkpoint so that a source collects again
  console           the consoles in a deployed collector's registry: add, list, pause, resume,
                    remove, test, token
  push setup        a console's webhook to the push receiver: printed, or applied with --apply
  push rotate       a new webhook header for one console: its old header is refused from now on
  report            one HTML file of what the Canaries saw: from local output, or Athena (--athena)

The console: the built-in simulator, unless CANARY_AUTH_TOKEN and one of CANARY_DOMAIN (the domain
hash) or CANARY_BASE_URL name a real one. 'canary-collector <command> --help' for a command's options,
'canary-collector --version' for the version.`;

export const COMMAND_USAGE: Record<string, string> = {
  console: `usage: canary-collector console <add|list|pause|resume|remove|test|token> [<name>] --table <name> [options]

Manages the consoles as data in the console registry of a deployed collector (the stack output
CheckpointTableName), with no redeploy; AWS credentials from the standard chain. Consoles listed in
the deployment config are in the registry too (managed by "deployment config"): edit the list and
deploy to add or remove them; pause, resume, test and token work on every console.

  add <name>      register a console: --domain <hash> or --base-url <https://…>; the auth token piped
                  on stdin or in --token-file <path> (never an argument); creates the secret
                  <secret-prefix><name> (default prefix canary-collector/). Options:
                  --incidents-from <date-time with zone>, --audit-from <date>,
                  --sources <incidents,audit-trail,birds,tokens> (the ones to collect; default all)
  list            every registered console: state, sources, start, who manages it, when added
  pause <name>    stop dispatching runs for it; resume <name> starts again
  remove <name>   take it out of the registry (its secret and checkpoints are kept)
  test <name>     test-connection through its stored secret
  token <name>    put the console's secret: --domain <hash> or --base-url <https://…>, the token on
                  stdin or in --token-file (a listed console's first token, or any console's new one)

Options: --table <name> (or CHECKPOINT_TABLE), --region <region>, --secret-prefix <prefix>
Example: canary-collector console add acme --domain ab12cd34 --table <table> < token.txt`,
  push: `usage: canary-collector push setup <console> --table <name> --url <PushUrl> --push-secret <PushSecretArn> [--apply]
       canary-collector push rotate <console> --table <name>

Prints the console's generic webhook for the push receiver (push.enabled in the deployment config):
the URL, which ends in the console's name, and the header X-Canary-Collector-Key with the value
derived from the push key for this console. --url must be https (plain http only on loopback).
Add both in the console's webhook settings, or:

  --apply             set it through the console's API: adds the webhook (replacing one at the same
                      URL), sets its audit-trail setting and has the console send its test webhook;
                      prints a SHA-256 fingerprint of the header value instead of the value, and
                      stops at a redirect (never followed: the token would go with it)
  --audit-trail       with --apply: the console also posts audit-trail entries
  --token-file <path> with --apply: a console API key that may change settings (the stored key is
                      often read-only); used once, never stored

push rotate gives one console a new header value (a new random value in its registry entry; the
deployment's push key and the other consoles' headers stay): the receiver refuses the old value at
once, so run push setup --apply for the console next. Removing a console and adding it again also
gives it a new value; a paused console's webhooks are refused until it is resumed.

Options: --table <name> (or CHECKPOINT_TABLE), --region <region>; AWS credentials from the standard
chain, with secretsmanager:GetSecretValue on the push secret and the console's secret.`,
  run: `usage: canary-collector run [options]

Collects every source of one console into <out>/<console>.ndjson, what Firehose would receive.
Each pass drains every source (a backlog is read to the end); progress shows at least every 2 s.
Ctrl-C stops after the page in flight, with the checkpoint at the last delivered page and the
lease released (pressed while the local stack is starting: it stops once started, before the first
page, exit 3 with --once); a second Ctrl-C more than a second later forces the exit (130).

Options:
  --once                    one pass, then exit: 0 when done, 1 if a source failed or was skipped
                            (a live run holds its lease), 3 if stopped with more to read; a bad
                            option or setting is 2, before anything starts
  --interval <seconds>      seconds between passes (1-86400, default 5)
  --console <name>          the console's name in records, files and state (default: the domain
                            hash, the base URL's host, or "simulator")
  --out <folder>            where output goes (default out); a folder canary-collector did not
                            create must be empty
  --snapshot-interval <s>   seconds between birds and tokens snapshots (10-86400; default 30 for
                            the simulator, the deployed 60/1440 minutes for a real console)
  --incidents <n>           incidents the simulator starts with (0-10000000, default 1000)
  --seed <n>                simulator seed (0-4294967295, default 1)
  --consoles <n>            a fleet: n simulated consoles (1-2000) through the fleet code path
                            (registry, dispatcher, run-request queues), one pass into
                            <out>/fleet.ndjson; --incidents is then per console (default 20)
  --push                    the push path too: the console posts each new incident and audit entry
                            to a local webhook receiver (alert and audit_push records); not with
                            --once. A real console is given the webhook through its settings API
                            (as push setup --apply) for the run only: it is removed at exit
  --push-listen <host:port> where the receiver listens (default 127.0.0.1 on a free port)
  --push-url <https URL>    the origin a real console posts to, e.g. a tunnel to --push-listen
                            (default the listen address; plain http only on loopback)
  --token-file <path>       with --push: a key that may change the console's settings (default
                            CANARY_AUTH_TOKEN); used for the webhook only, never shown
  --partitioned             also write the S3 layout for query under <out>/canary/source=…/date=…/
                            (npm run query runs the shipped Athena queries on it)
  --verbose                 also print the collector's own JSON log lines and EMF metrics
  -h, --help                this help

Environment: CANARY_AUTH_TOKEN with CANARY_DOMAIN or CANARY_BASE_URL (a real console);
CANARY_ALLOWED_HOSTS (extra https hosts, comma-separated); CANARY_STATE_DIR (default .local).
The collector's settings, checked before the run starts (docs/configuration.md):
  OUTPUT_FORMAT native|ocsf|ecs   OUTPUT_FLATTEN true|false   OUTPUT_ENVELOPE none|splunk-hec
  OUTPUT_CREDENTIALS mask|hash|keep   PAGE_SIZE 1-10000 (1000)   AUDIT_PAGE_SIZE 1-10000 (500)
  TOKENS_PAGE_SIZE 1-1000 (100)   HTTP_TIMEOUT_MS 1000-120000 (15000)   HTTP_MAX_RETRIES 0-10 (4)
  TIME_MARGIN_MS 0-600000 (20000)
A real console's checkpoints are kept in .local/consoles/<console>/, so a restart resumes; a lease
left by a run that is gone (its process ended) is taken over, with a line saying so.`,
  'test-connection': `usage: canary-collector test-connection [options]

Checks the console named by CANARY_AUTH_TOKEN and CANARY_DOMAIN or CANARY_BASE_URL (the built-in
simulator when none is set): /ping, then one read of each source.

Options:
  -h, --help   this help`,
  report: `usage: canary-collector report [--from <date>] [--to <date>] [--console <name>] [--file <path>]
                  [--out <folder> | --athena --workgroup <name> --database <name> [--region <r>]]

Writes one self-contained HTML file (no script, nothing fetched; prints to PDF) of what the Canaries
saw: headline figures, incidents per day by family, attacker sources and the Canaries each touched,
Canaries by incidents, Canarytokens triggered, Canary health, audit activity; for several consoles,
a summary across them and a section per console. Every figure comes from the shipped SQL
(siem/athena/report_*.sql), run by DuckDB over local output or by Athena in a deployment.

Options:
  --from <date>       the first day (2026-01-01, UTC) or instant (2026-01-01T08:00:00Z) to cover
  --to <date>         the last day covered (2026-01-31: to its end), or an instant (excluded);
                      without --from and --to: every record
  --console <name>    one console only (default: every console the records name)
  --file <path>       where the report goes (default canary-report.html; a .html name); an
                      existing file is replaced only if it is a report this command wrote
  --out <folder>      the local records to read (default out): the S3 layout under <folder>/canary/
                      (run --partitioned, or a copy of the delivery bucket's prefix), else the
                      folder's .ndjson files. Native format only: that is what the SQL reads
  --athena            run the SQL on Athena instead, in the stack's workgroup; AWS credentials and
                      region from the standard chain
  --workgroup <name>  with --athena: the stack output AthenaWorkgroup
  --database <name>   with --athena: the stack output GlueDatabase
  --region <region>   with --athena: the stack's region, when the AWS configuration has none

Exit 0 when written (a range with no record too); 1 when there is nothing to read, no record in the
native format, or a query failed; 2 for a mistake in the options.`,
  status: `usage: canary-collector status (--local | --table <name>) [options]

Every checkpoint: position, last run, last success, lease.

Options:
  --local            the checkpoints of local runs against real consoles (.local/consoles/)
  --table <name>     a deployed collector's checkpoint table (the stack output CheckpointTableName;
                     or set CHECKPOINT_TABLE), read through the standard AWS credential chain
  --region <region>  the table's region (default: AWS_REGION or the profile's region)
  --compact          one aligned row per console and source, after a summary line (a fleet)
  --failing          only the rows whose last run failed (implies --compact)
  --sort <key>       console (default) or last-success: the longest without a success first
  -h, --help         this help`,
  reset: `usage: canary-collector reset <console> <source|all> [--from <date>] (--local | --table <name>)

Forgets the checkpoint of one source (incidents, audit-trail, birds, tokens) or all of them, so the
next run collects again: from --from (a date, or a date-time with a zone) or from the configured
start. Records already delivered come again with the same event ids.

Options:
  --from <date>      start again from this date (2026-01-01) or date-time (2026-01-01T00:00:00Z)
  --local            a local console's checkpoints (.local/consoles/<console>/)
  --table <name>     a deployed collector's checkpoint table (or set CHECKPOINT_TABLE)
  --region <region>  the table's region
  -h, --help         this help`,
};
