/** One page of a Scan or Query: its items and where the next page starts, if one does. */
export interface ItemPage {
  Items?: Array<Record<string, unknown>>;
  LastEvaluatedKey?: Record<string, unknown>;
}

/** Every item of a paged Scan or Query: `read` is asked for each page from where the last one ended. */
export async function everyPage(
  read: (from: Record<string, unknown> | undefined) => Promise<ItemPage>,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let from: Record<string, unknown> | undefined;
  do {
    const page = await read(from);
    items.push(...(page.Items ?? []));
    from = page.LastEvaluatedKey;
  } while (from !== undefined);
  return items;
}
