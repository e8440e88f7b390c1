// Placeholder: replaced by the testenv implementation.
export default function setup(): void {}
