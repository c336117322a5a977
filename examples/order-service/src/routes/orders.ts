import express from 'express';
import { orderTotalCents, productsFor } from '../clients/catalog';
import type { OrderLine } from '../clients/inventory';
import { reserveStock, stockLevel } from '../clients/inventory';
import { chargeCard } from '../clients/payments';
import { cheapestQuote } from '../clients/shipping';
import { publishOrderPlaced } from '../events/publisher';

interface OrderRequest {
  orderId: string;
  cardToken: string;
  postcode: string;
  lines: OrderLine[];
}

export const app = express();
app.use(express.json());

app.post('/orders', async (req, res) => {
  const order = req.body as OrderRequest;
  try {
    const levels = await Promise.all(order.lines.map((line) => stockLevel(line.sku)));
    const short = order.lines.filter((line, i) => levels[i].available < line.quantity);
    if (short.length > 0) {
      res.status(409).json({ error: 'out of stock', skus: short.map((line) => line.sku) });
      return;
    }
    const products = await productsFor(order.lines);
    const shipping = await cheapestQuote(order.postcode, order.lines);
    const totalCents = orderTotalCents(order.lines, products) + shipping.priceCents;
    await reserveStock(order.orderId, order.lines);
    const charge = await chargeCard(order.orderId, totalCents, order.cardToken);
    if (charge.status === 'declined') {
      res.status(402).json({ error: 'card declined' });
      return;
    }
    await publishOrderPlaced({ type: 'OrderPlaced', orderId: order.orderId, totalCents, placedAt: new Date().toISOString() });
    res.status(201).json({ orderId: order.orderId, totalCents, carrier: shipping.carrier, chargeId: charge.id });
  } catch (error) {
    console.error(`order ${order.orderId} failed`, error);
    res.status(502).json({ error: 'a dependency failed; try again' });
  }
});

if (require.main === module) {
  const port = Number(process.env.PORT ?? 3000);
  app.listen(port, () => console.log(`order-service listening on ${port}`));
}
