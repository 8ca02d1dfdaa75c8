"use client";

import { useActionState, useState } from "react";
import { ConfirmForm, Field, FormMessage, SelectField, SubmitButton, useFormAction } from "@/components/form";
import {
  type CsvState,
  createManualOrderAction,
  importCsvAction,
  linkEventbriteEventAction,
  importCsvChunk,
  mapSkuAction,
  previewCsvAction,
  releaseOrderHoldAction,
  removeConnectionAction,
  saveConnectionAction,
} from "./actions";

type Option = { value: string; label: string };

export function MapSkuForm({ eventId, retailer, sku, types }: { eventId: string; retailer: string; sku: string; types: Option[] }) {
  const { state, action, onSubmit } = useFormAction(mapSkuAction);
  const id = `map-${retailer}-${sku}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return (
    <form action={action} onSubmit={onSubmit} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="retailer" value={retailer} />
      <input type="hidden" name="externalSku" value={sku} />
      <SelectField id={id} label={`Ticket type for ${sku}`} name="ticketTypeId" state={state} options={types} />
      {retailer === "stripe" ? (
        <>
          <Field
            id={`${id}-price`}
            label="Price per ticket (optional)"
            name="unitPrice"
            inputMode="decimal"
            autoComplete="off"
            state={state}
            hint="Orders paying another amount are held for you to decide."
          />
          <Field id={`${id}-currency`} label="Currency" name="currency" autoComplete="off" maxLength={3} state={state} />
        </>
      ) : null}
      <SubmitButton pendingLabel="Mapping…" variant="secondary">
        Map to ticket type
      </SubmitButton>
      <div className="basis-full">
        <FormMessage state={state} showSuccess fields={["ticketTypeId", "unitPrice", "currency"]} />
      </div>
    </form>
  );
}

export function ConnectionForm({ eventId, retailer, label, endpoint }: { eventId: string; retailer: string; label: string; endpoint: string }) {
  const { state, action, onSubmit } = useFormAction(saveConnectionAction);
  const eventbrite = retailer === "eventbrite";
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3" noValidate>
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="retailer" value={retailer} />
      <FormMessage state={state} showSuccess fields={["secret", "apiToken"]} />
      <Field
        id={`endpoint-${retailer}`}
        label={`Endpoint URL to paste into ${label}`}
        name={`endpoint-${retailer}`}
        state={null}
        readOnly
        defaultValue={endpoint}
        className="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-900"
      />
      {eventbrite ? (
        <Field
          id={`apiToken-${retailer}`}
          label="Private API token"
          name="apiToken"
          type="password"
          autoComplete="off"
          state={state}
          hint="Orders are fetched from Eventbrite with this token; Eventbrite does not sign its webhooks."
        />
      ) : (
        <Field
          id={`secret-${retailer}`}
          label={retailer === "stripe" ? "Signing secret (whsec_…)" : "Webhook signing secret"}
          name="secret"
          type="password"
          autoComplete="off"
          state={state}
        />
      )}
      <SubmitButton pendingLabel="Saving…" variant="secondary">
        Save {label} connection
      </SubmitButton>
    </form>
  );
}

/** Removing a connection stops every event's webhooks from that retailer: a confirmation first, with or without JavaScript. */
export function RemoveConnectionForm({ eventId, retailer, label }: { eventId: string; retailer: string; label: string }) {
  const { state, action, onSubmit } = useFormAction(removeConnectionAction);
  return (
    <div className="space-y-2">
      <FormMessage state={state} showSuccess />
      <ConfirmForm
        label={`Remove ${label} connection`}
        confirmLabel={`Yes, remove the ${label} connection`}
        question={`Every event of this account stops taking ${label} orders until a new secret or token is saved.`}
        action={action}
        onSubmit={onSubmit}
        hidden={{ eventId, retailer }}
      />
    </div>
  );
}

export function EventbriteEventForm({ eventId, current }: { eventId: string; current: string | null }) {
  const { state, action, onSubmit } = useFormAction(linkEventbriteEventAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3" noValidate>
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="retailer" value="eventbrite" />
      <FormMessage state={state} showSuccess fields={["externalEventId"]} />
      <Field
        id="eventbrite-event-id"
        label="Eventbrite event id"
        name="externalEventId"
        inputMode="numeric"
        autoComplete="off"
        defaultValue={current ?? ""}
        state={state}
        hint="Only orders of this Eventbrite event are taken in here."
      />
      <SubmitButton pendingLabel="Saving…" variant="secondary">
        Save Eventbrite event
      </SubmitButton>
    </form>
  );
}

export function ReleaseHoldForm({ eventId, orderId }: { eventId: string; orderId: string }) {
  const { state, action, onSubmit } = useFormAction(releaseOrderHoldAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="orderId" value={orderId} />
      <FormMessage state={state} showSuccess />
      <SubmitButton pendingLabel="Issuing…" variant="secondary">
        Issue the tickets anyway
      </SubmitButton>
    </form>
  );
}

/** A labelled checkbox whose label says what happens when it is off, too. */
function Checkbox({ id, name, label, defaultChecked }: { id: string; name: string; label: string; defaultChecked: boolean }) {
  return (
    <div className="flex items-start gap-2">
      <input id={id} type="checkbox" name={name} defaultChecked={defaultChecked} className="mt-0.5 h-4 w-4" />
      <label htmlFor={id} className="text-sm text-slate-800">
        {label}
      </label>
    </div>
  );
}

const MAIL_ONE_LABEL = "Mail the buyer their tickets (off: nobody is mailed)";
const MAIL_EACH_LABEL = "Mail each buyer their tickets (off: nobody is mailed)";
const BEYOND_CAPACITY_LABEL = "Issue beyond capacity (only if you have the seats: the ticket type's capacity is ignored)";
/** The CSV import mails buyers by default only for a small file. */
const MAIL_BY_DEFAULT_UP_TO = 20;

export function ManualOrderForm({ eventId, types, maxQuantity }: { eventId: string; types: Option[]; maxQuantity: number }) {
  const { state, action, onSubmit } = useFormAction(createManualOrderAction);
  // After an error the boxes keep what was posted; at first the buyer is mailed and capacity holds.
  const posted = state?.values;
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3" noValidate>
      <input type="hidden" name="eventId" value={eventId} />
      <FormMessage state={state} showSuccess fields={["email", "name", "ticketTypeId", "quantity", "orderId"]} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Buyer email" name="email" type="email" autoComplete="off" required state={state} />
        <Field label="Buyer name" name="name" autoComplete="off" required state={state} />
        <SelectField label="Ticket type" name="ticketTypeId" state={state} options={types} />
        <Field label="Quantity" name="quantity" type="number" min={1} max={maxQuantity} defaultValue="1" required state={state} />
        <Field label="Order id (optional)" name="orderId" autoComplete="off" state={state} hint="Leave empty to get one; the same id twice creates nothing new." />
      </div>
      <Checkbox id="manual-mail" name="mailBuyers" label={MAIL_ONE_LABEL} defaultChecked={posted ? posted.mailBuyers === "on" : true} />
      <Checkbox id="manual-beyond" name="beyondCapacity" label={BEYOND_CAPACITY_LABEL} defaultChecked={posted?.beyondCapacity === "on"} />
      <SubmitButton pendingLabel="Creating order…">Create order</SubmitButton>
    </form>
  );
}

type Progress = { done: number; total: number; created: number } | null;

/**
 * CSV import: upload → preview with row-level errors → import. With JavaScript the import runs chunk by chunk
 * with a progress bar; without it the import form posts once and the server walks the chunks.
 */
export function CsvImport({ eventId }: { eventId: string }) {
  const [previewState, preview] = useActionState(previewCsvAction, null);
  const [importState, importAll] = useActionState(importCsvAction, null);
  const [progress, setProgress] = useState<Progress>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [finished, setFinished] = useState<string | null>(null);
  const data: CsvState = previewState;

  async function runChunks(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const csv = data?.csv;
    if (!csv || running) return;
    setRunning(true);
    setError(null);
    setFinished(null);
    const form = new FormData(event.currentTarget);
    const options = { beyondCapacity: form.has("beyondCapacity"), mailBuyers: form.has("mailBuyers") };
    let offset: number | null = 0;
    let created = 0;
    let mailed = 0;
    while (offset !== null) {
      const result = await importCsvChunk(eventId, csv, offset, options);
      if ("error" in result) {
        setError(result.error);
        break;
      }
      created += result.created;
      mailed += result.mailed;
      setProgress({ done: result.done, total: result.total, created });
      offset = result.next;
      if (offset === null) {
        const mail = mailed > 0 ? `${mailed} buyer${mailed === 1 ? " was" : "s were"} mailed their tickets.` : "Nobody was mailed.";
        setFinished(`Imported ${created} new order${created === 1 ? "" : "s"} of ${result.total} valid rows. ${mail}`);
      }
    }
    setRunning(false);
  }

  return (
    <div className="space-y-4">
      <form action={preview} className="space-y-3">
        <input type="hidden" name="eventId" value={eventId} />
        <Field
          label="CSV file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          state={previewState}
          hint="Columns: order_id, email, name, ticket_type (name or id), quantity; optional amount, currency."
        />
        <SubmitButton pendingLabel="Reading file…" variant="secondary">
          Preview
        </SubmitButton>
        {previewState && !previewState.ok ? <FormMessage state={previewState} fields={["file"]} /> : null}
      </form>

      {data?.ok && data.preview ? (
        <div className="space-y-3">
          <h3 className="font-semibold">Preview</h3>
          <p className="text-sm text-slate-700">
            {data.preview.importable} new order{data.preview.importable === 1 ? "" : "s"} to import,{" "}
            {data.preview.rows.length - data.preview.importable} already imported, {data.preview.errors.length} row
            {data.preview.errors.length === 1 ? "" : "s"} with errors (skipped).
          </p>
          {data.preview.errors.length > 0 ? (
            <ul aria-label="Rows with errors" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
              {data.preview.errors.map((e) => (
                <li key={`${e.line}-${e.field}`}>
                  {e.line > 0 ? `Line ${e.line}` : "File"}, {e.field}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">Rows to import</caption>
              <thead>
                <tr className="border-b border-slate-200">
                  <th className="py-1 pr-3">Line</th>
                  <th className="py-1 pr-3">Order id</th>
                  <th className="py-1 pr-3">Email</th>
                  <th className="py-1 pr-3">Ticket type</th>
                  <th className="py-1 pr-3">Qty</th>
                  <th className="py-1 pr-3">State</th>
                </tr>
              </thead>
              <tbody>
                {data.preview.rows.slice(0, 50).map((r) => (
                  <tr key={r.line} className="border-b border-slate-100">
                    <td className="py-1 pr-3">{r.line}</td>
                    <td className="py-1 pr-3 font-mono">{r.orderId}</td>
                    <td className="py-1 pr-3">{r.email}</td>
                    <td className="py-1 pr-3">{r.ticketType}</td>
                    <td className="py-1 pr-3">{r.quantity}</td>
                    <td className="py-1 pr-3">{r.state === "new" ? "New" : "Already imported"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.preview.rows.length > 50 ? <p className="text-xs text-slate-500">First 50 of {data.preview.rows.length} rows.</p> : null}
          </div>
          {data.preview.overCapacity.length > 0 ? (
            <ul aria-label="Ticket types this file would overfill" className="space-y-1 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
              {data.preview.overCapacity.map((t) => (
                <li key={t.name}>
                  “{t.name}”: this file needs {t.wanted} tickets, and {t.left} of {t.capacity} are left. The import is refused unless you tick
                  “Issue beyond capacity”.
                </li>
              ))}
            </ul>
          ) : null}
          <form action={importAll} onSubmit={runChunks} className="space-y-2">
            <input type="hidden" name="eventId" value={eventId} />
            <input type="hidden" name="csv" value={data.csv} />
            <Checkbox id="csv-mail" name="mailBuyers" label={MAIL_EACH_LABEL} defaultChecked={data.preview.importable <= MAIL_BY_DEFAULT_UP_TO} />
            <Checkbox id="csv-beyond" name="beyondCapacity" label={BEYOND_CAPACITY_LABEL} defaultChecked={false} />
            <SubmitButton pendingLabel="Importing…">Import {data.preview.importable} orders</SubmitButton>
          </form>
          {progress ? (
            <div className="space-y-1">
              <label htmlFor="csv-progress" className="block text-sm font-medium">
                Import progress: {progress.done} of {progress.total} rows
              </label>
              <progress id="csv-progress" value={progress.done} max={Math.max(progress.total, 1)} className="w-full" />
            </div>
          ) : null}
          {error ? (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          ) : null}
          {finished ? (
            <p role="status" className="text-sm text-emerald-800">
              {finished}
            </p>
          ) : null}
        </div>
      ) : null}
      <FormMessage state={importState} showSuccess />
    </div>
  );
}
