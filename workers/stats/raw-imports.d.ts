// Vite (and so vitest's unit project) imports a file's text with `?raw`; only tests use it.
declare module '*?raw' {
  const text: string;
  export default text;
}
