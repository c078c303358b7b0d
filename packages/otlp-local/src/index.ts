export type { ReceivedLog } from './decode.js';
export { anyValue, decodeJson, decodeProtobuf, decodeProtobufRequest } from './decode.js';
export type { Answer, OtlpReceiverOptions, ReceivedRequest } from './receiver.js';
export { OtlpReceiver, refusingPort } from './receiver.js';
export { toDashtamRecord } from './to-record.js';
