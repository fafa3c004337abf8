// The UI toolkit: Preact (3 KB) with htm (1 KB) tagged templates instead of JSX, so the browser
// runs these modules as they are, with no build step. Bare specifiers resolve through the shell's
// import map to the pinned copies under /app/vendor/.
import { h, render, Fragment, createRef } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
export { h, render, Fragment, createRef };
export {
  useState, useEffect, useRef, useMemo, useCallback, useLayoutEffect, useReducer, useId,
} from 'preact/hooks';
