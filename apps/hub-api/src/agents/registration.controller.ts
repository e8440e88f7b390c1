import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { z } from 'zod';
import { originOf, type HubRequest } from '../auth/http-request.js';
import { RegistrationService } from './registration.service.js';

const registerBody = z.object({ token: z.string().min(1).max(512), agentVersion: z.string().min(1).max(256).optional() });

@Controller('api/agent')
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Post('register')
  @HttpCode(200)
  register(@Body() body: unknown, @Req() req: HubRequest) {
    const parsed = registerBody.safeParse(body);
    if (!parsed.success) throw this.registration.refuse('BAD_REQUEST', 'send {"token": "flr_…", "agentVersion": "…"} as JSON');
    return this.registration.register(parsed.data.token, originOf(req));
  }
}
