/**
 * Integration tests need the real broker: started by tools/kafka/kafka-local.sh
 * (CI does it in .ci/run) or given by KAFKA_BROKERS. Fail fast with the fix.
 */
import { connect } from 'node:net';

export default async function setup(): Promise<void> {
  const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092';
  process.env['KAFKA_BROKERS'] = brokers;
  const [host, port] = brokers.split(',')[0]!.split(':');
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: host!, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
  if (!reachable) {
    throw new Error(`Kafka is not reachable at ${brokers}. Start the local broker with \`npm run kafka:start\` (or set KAFKA_BROKERS).`);
  }
}
