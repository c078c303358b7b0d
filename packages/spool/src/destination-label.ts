// A spool directory's destination in one line, for people: the owner file holds the sink's own
// description of where its records go (CloudWatch: group and stream; OTLP: the endpoint), which
// this package does not otherwise read.

/** One line naming where a spool directory's records go. */
export function destinationLabel(kind: string, destination: Readonly<Record<string, unknown>> | null): string {
  if (destination === null) return `${kind} (no owner file)`;
  const group = destination.logGroup;
  if (typeof group === 'string') {
    const stream = destination.stream as { name?: unknown; prefix?: unknown } | undefined;
    const name =
      typeof stream?.name === 'string'
        ? stream.name
        : typeof stream?.prefix === 'string'
          ? `${stream.prefix}/<day>`
          : undefined;
    return name === undefined ? group : `${group} ${name}`;
  }
  for (const key of ['endpoint', 'url']) {
    const value = destination[key];
    if (typeof value === 'string') return value;
  }
  const text = JSON.stringify(destination);
  return text === '{}' ? kind : text;
}
