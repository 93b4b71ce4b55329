import type { PeriodOption } from "@/components/billing/types";

/**
 * The billing period a money page shows, as the dashboard's ?period=: a plain GET form, so the
 * choice is made with the keyboard and sent with a button (a select that navigated on every
 * arrow key would move the page under a keyboard user).
 */
export function PeriodPicker({ period, options }: { period: string; options: PeriodOption[] }) {
  return (
    <form className="period-picker print-hide" method="get">
      <label htmlFor="period">Billing period</label>
      <div className="period-picker-row">
        <select id="period" name="period" defaultValue={period}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <button type="submit" className="button secondary">
          Show
        </button>
      </div>
    </form>
  );
}
