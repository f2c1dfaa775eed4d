/**
 * Moved to `main/errors/pamError.ts`. This re-export stays only while main/launch/** and main/bridge/**
 * (edited on another branch) still import it from here; delete it once they import the new path.
 */
export { PamError, isPamError } from '../errors/pamError';
