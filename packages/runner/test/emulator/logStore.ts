/**
 * CloudWatch Logs as the emulator keeps them: groups of streams of events, read with GetLogEvents (forward
 * tokens `f/<index>`), DescribeLogStreams (by prefix) and FilterLogEvents.
 */
import { AwsError, page, requireString } from './awsProtocol.ts';

interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
}

interface LogStream {
  readonly name: string;
  readonly creationTime: number;
  readonly events: LogEvent[];
}

/** The emulator's log groups. */
export class LogStore {
  private readonly groups = new Map<string, Map<string, LogStream>>();

  /** Creates a stream (and its group) if missing. */
  createStream(group: string, stream: string): void {
    let streams = this.groups.get(group);
    if (streams === undefined) {
      streams = new Map();
      this.groups.set(group, streams);
    }
    if (!streams.has(stream)) streams.set(stream, { name: stream, creationTime: Date.now(), events: [] });
  }

  /** Appends one event (one line of output). */
  put(group: string, stream: string, message: string): void {
    this.createStream(group, stream);
    const now = Date.now();
    this.groups.get(group)!.get(stream)!.events.push({ timestamp: now, message, ingestionTime: now });
  }

  /** Handles one Logs_20140328 operation. */
  handle(operation: string, body: Record<string, unknown>): unknown {
    switch (operation) {
      case 'GetLogEvents':
        return this.getLogEvents(body);
      case 'DescribeLogStreams':
        return this.describeLogStreams(body);
      case 'FilterLogEvents':
        return this.filterLogEvents(body);
      default:
        throw new AwsError('UnknownOperationException', `the emulator does not implement Logs.${operation}`);
    }
  }

  private group(body: Record<string, unknown>): Map<string, LogStream> {
    const name = requireString(body, 'logGroupName');
    const group = this.groups.get(name);
    if (group === undefined)
      throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
    return group;
  }

  private getLogEvents(body: Record<string, unknown>): unknown {
    const stream = this.group(body).get(requireString(body, 'logStreamName'));
    if (stream === undefined)
      throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const token = typeof body.nextToken === 'string' ? body.nextToken : undefined;
    const limit = typeof body.limit === 'number' ? body.limit : 10_000;
    const start = token?.startsWith('f/') ? Number(token.slice(2)) : 0;
    const events = stream.events.slice(start, start + limit);
    const next = start + events.length;
    return { events, nextForwardToken: `f/${next}`, nextBackwardToken: `b/${start}` };
  }

  private describeLogStreams(body: Record<string, unknown>): unknown {
    const prefix = typeof body.logStreamNamePrefix === 'string' ? body.logStreamNamePrefix : '';
    const streams = [...this.group(body).values()]
      .filter((stream) => stream.name.startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((stream) => ({
        logStreamName: stream.name,
        creationTime: stream.creationTime,
        lastEventTimestamp: stream.events.at(-1)?.timestamp,
        arn: `arn:aws:logs:us-east-1:000000000000:log-group:x:log-stream:${stream.name}`,
      }));
    const { items, nextToken } = page(
      streams,
      { ...body, MaxResults: body.limit, NextToken: body.nextToken },
      50,
    );
    return { logStreams: items, ...(nextToken === undefined ? {} : { nextToken }) };
  }

  private filterLogEvents(body: Record<string, unknown>): unknown {
    const prefix = typeof body.logStreamNamePrefix === 'string' ? body.logStreamNamePrefix : '';
    const all = [...this.group(body).values()]
      .filter((stream) => stream.name.startsWith(prefix))
      .flatMap((stream) =>
        stream.events.map((event, index) => ({
          ...event,
          logStreamName: stream.name,
          eventId: `${stream.name}/${index}`,
        })),
      )
      .sort((a, b) => a.timestamp - b.timestamp);
    const { items, nextToken } = page(all, { MaxResults: body.limit, NextToken: body.nextToken }, 10_000);
    return { events: items, ...(nextToken === undefined ? {} : { nextToken }) };
  }
}
