// Must NOT compile: proves the declarations are not `any`.
import { crc32, transformImage } from 'edgekernels';
crc32(42);
transformImage(new Uint8Array(1), { fit: 'sideways' });
const n: string = crc32('x');
