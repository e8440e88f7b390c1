import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MAX_BODY_BYTES } from '../../create-hub.js';
import { originOf } from '../../auth/http-request.js';
import { readRawBody, type WithRawBody } from './receiver-body.js';
import { ReceiversService } from './receivers.service.js';

/**
 * `POST /hook/<sha256>`: Flux's receiver endpoint, on the hub's own port. No session or API token: the path and
 * the type's signature are the credential. Bodies over 1 MiB are refused with 413 and malformed JSON with 400 by
 * the body parsers before this runs.
 */
@Controller('hook')
export class ReceiversController {
  constructor(private readonly receivers: ReceiversService) {}

  @Post(':digest')
  @HttpCode(200)
  async hook(
    @Param('digest') digest: string,
    @Req() req: Request & WithRawBody,
    @Res() res: Response,
  ): Promise<void> {
    const body = await readRawBody(req, MAX_BODY_BYTES);
    if (body === 'too-large') {
      res.status(413).json({ error: `the request body is larger than ${MAX_BODY_BYTES} bytes` });
      return;
    }
    const answer = await this.receivers.handle(`/hook/${digest}`, originOf(req).ip, req.headers, body);
    if ('retryAfterSeconds' in answer && answer.retryAfterSeconds !== undefined)
      res.setHeader('retry-after', String(answer.retryAfterSeconds));
    res.status(answer.status).json(answer.body);
  }
}
