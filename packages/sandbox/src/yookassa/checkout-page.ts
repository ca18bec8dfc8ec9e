import { escapeHtml } from '../http/respond.js';
import type { YkPayment } from './yookassa-types.js';

/** The page behind `confirmation_url`: payment summary with Pay and Decline buttons. */
export function renderCheckoutPage(payment: YkPayment, shopId: string, returnUrl?: string): string {
  const pending = payment.status === 'pending';
  const amount = `${escapeHtml(payment.amount.value)} ${escapeHtml(payment.amount.currency)}`;
  const actions = pending
    ? `<form method="post" action="${escapeHtml(payment.id)}/pay"><button id="pay" type="submit">Pay ${amount}</button></form>
       <form method="post" action="${escapeHtml(payment.id)}/decline"><button id="decline" type="submit">Decline</button></form>`
    : `<p id="status">Payment is ${escapeHtml(payment.status)}.</p>${
        returnUrl
          ? `<p><a id="return" href="${escapeHtml(returnUrl)}">Return to the shop</a></p>`
          : ''
      }`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>YooKassa sandbox checkout</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
  .card { border: 1px solid #ddd; border-radius: 12px; padding: 1.5rem; }
  .amount { font-size: 2rem; font-weight: 600; }
  form { display: inline-block; margin-right: .5rem; }
  button { font-size: 1rem; padding: .6rem 1.2rem; border-radius: 8px; border: 1px solid #888; cursor: pointer; }
  #pay { background: #1a73e8; color: white; border-color: #1a73e8; }
  .muted { color: #666; font-size: .9rem; }
</style>
</head>
<body>
<div class="card">
  <p class="muted">YooKassa sandbox · shop ${escapeHtml(shopId)} · test payment</p>
  <p class="amount">${amount}</p>
  <p id="description">${escapeHtml(payment.description ?? '')}</p>
  <p class="muted">Payment ${escapeHtml(payment.id)}</p>
  ${actions}
</div>
</body>
</html>`;
}
