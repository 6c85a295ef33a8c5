/** The demo pipeline in a real n8n 2.x (one process): see demoSuite.ts. */
import { demoSuite } from './demoSuite';

demoSuite({ queue: false });
