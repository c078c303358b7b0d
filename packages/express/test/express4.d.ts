// express 4 is installed under the alias `express4` to run the same tests on both majors; its API
// for what these tests use (app, use, get, json, listen) matches express 5's types.
declare module 'express4' {
  import type express from 'express';

  const express4: typeof express;
  export default express4;
}
