export { freePort, isAddressInUse } from '@flotilla/local-postgres';
