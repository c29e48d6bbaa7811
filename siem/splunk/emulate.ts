/**
 * Enough of Splunk's search-time processing to run the app's own knowledge objects on real records,
 * in the tests and in `npm run splunk`: `.conf` parsing, JSON field extraction (`KV_MODE = json`, as
 * spath names fields: `a.b`, arrays as `a{}`), `FIELDALIAS-*`, `EVAL-*` (the functions the app uses),
 * event types and their tags, and the search language of its event types and saved searches (terms,
 * NOT, OR, parentheses, wildcards; `stats count|dc|latest|values|min|max(x) [AS y] BY …`, `where`,
 * `eval`, `table`, `sort`, `head`, `xyseries`: the commands of its saved searches and dashboard). It is not
 * Splunk: an expression outside this subset throws, so a test fails rather than passes by accident.
 *
 * This file is the entry the tests and benches import; the parts live beside it: conf.ts (`.conf`
 * files, JSON extraction), evalFunctions.ts and expression.ts (EVAL and `where`), search.ts (the
 * search language), app.ts (an event's search-time fields, saved-search pipelines).
 */

export { runSearch, type SplunkApp, searchTimeFields } from './app.ts';
export { type Conf, type Fields, jsonFields, parseConf } from './conf.ts';
export { evaluate } from './expression.ts';
export { matches } from './search.ts';
