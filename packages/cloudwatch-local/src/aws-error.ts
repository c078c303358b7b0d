/** An error answered the way CloudWatch Logs answers it: an HTTP status and `{ __type, message }`. */
export class AwsError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

export const invalidParameter = (message: string): AwsError => new AwsError('InvalidParameterException', message);
export const notFound = (message: string): AwsError => new AwsError('ResourceNotFoundException', message);
export const alreadyExists = (message: string): AwsError => new AwsError('ResourceAlreadyExistsException', message);
