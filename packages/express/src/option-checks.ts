// Checks that more than one middleware factory makes of its options: a header name, and a field
// name the records may carry.
import { InvalidContextFieldsError } from '@dashtam/container';
import { checkContextFields } from '@dashtam/container/internal';
import { InvalidMiddlewareOptionsError } from './errors.js';

/** An HTTP header name: token characters (RFC 9110). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Refuses `name` as a field of the records when the record writes it itself (`trace_id`, `level`,
 * ...), as the container refuses it for scope fields; `where` names the option in the error.
 * @throws {InvalidMiddlewareOptionsError} with the container's reason.
 */
export function checkFieldName(where: string, name: string): void {
  try {
    checkContextFields({ [name]: '' });
  } catch (e) {
    if (!(e instanceof InvalidContextFieldsError)) throw e;
    throw new InvalidMiddlewareOptionsError(`${where}: ${e.message}`);
  }
}
