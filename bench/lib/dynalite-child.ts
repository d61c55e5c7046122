/** dynalite in its own process (in memory), as DynamoDB is a separate service from the functions. */
import { startDynalite } from '../../local/services.js';

const port = Number(process.argv[2]);
await startDynalite({ port });
process.stdout.write('ready\n');
process.on('SIGTERM', () => process.exit(0));
// Gone with the bench, however it ended: the IPC channel closes when the parent process exits.
process.on('disconnect', () => process.exit(0));
